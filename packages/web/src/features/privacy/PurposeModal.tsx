import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { purpose } from '../../api/purpose.ts';
import { k } from '../../i18n/index.ts';

/** Purposes officers give most often; they may type any other. */
const suggestions = [
  k('purpose.suggestion.drafting'),
  k('purpose.suggestion.review'),
  k('purpose.suggestion.approval'),
  k('purpose.suggestion.execution'),
  k('purpose.suggestion.assessment'),
];

/**
 * Asks why personal data is read (LED Art. 25). The answer goes into the read's audit event; the
 * call that needed it is retried as soon as it is given.
 */
export function PurposeModal() {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [touched, setTouched] = useState(false);
  const value = text.trim();
  const error = touched && value.length < 3 ? t('purpose.tooShort') : undefined;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (value.length >= 3) purpose.answer(value.slice(0, 500));
  };
  return (
    <Modal
      opened
      onClose={() => purpose.cancel()}
      title={t('purpose.title')}
      closeButtonProps={{ 'aria-label': t('common.close') }}
      centered
      data-testid="purpose-modal"
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Text size="sm">{t('purpose.body')}</Text>
          <TextInput
            label={t('purpose.label')}
            description={t('purpose.hint')}
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            onBlur={() => setTouched(true)}
            error={error}
            maxLength={500}
            required
            data-autofocus
          />
          <Group gap={6} role="group" aria-label={t('purpose.suggestions')}>
            {suggestions.map((key) => (
              <Button key={key} size="compact-xs" variant="light" onClick={() => setText(t(key))}>
                {t(key)}
              </Button>
            ))}
          </Group>
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={() => purpose.cancel()}>
              {t('common.cancel')}
            </Button>
            <Button type="submit">{t('purpose.submit')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
