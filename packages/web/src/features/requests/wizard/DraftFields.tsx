import { Card, SimpleGrid, Stack, Textarea, TextInput, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { FieldFindings } from '../FindingsList.tsx';
import type { StepProps } from './model.ts';

type AuthorityKey = 'issuingAuthority' | 'validatingAuthority' | 'requestedAuthority';

export function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <Card withBorder padding="md" component="section" aria-labelledby={`${id}-title`} id={`field-${id}`}>
      <Title order={2} size="h4" mb="sm" id={`${id}-title`}>
        {title}
      </Title>
      {children}
    </Card>
  );
}

/** A text input bound to a draft path, with its schema error and the findings about it. */
export function Field({
  path,
  label,
  multiline,
  props,
  maxLength,
  type,
  hint,
}: {
  path: string;
  label: string;
  multiline?: boolean;
  props: StepProps;
  maxLength: number;
  type?: 'email' | 'tel' | 'date';
  hint?: string;
}) {
  const value = path
    .split('.')
    .reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], props.draft);
  const description = (
    <>
      {hint}
      <FieldFindings findings={props.findings} path={path} />
    </>
  );
  const common = {
    label,
    name: path,
    value: typeof value === 'string' ? value : '',
    onChange: (e: { currentTarget: { value: string } }) => props.set(path, e.currentTarget.value),
    error: props.errors.get(path),
    maxLength,
    description,
  };
  return multiline ? (
    <Textarea {...common} autosize minRows={2} maxRows={10} />
  ) : (
    <TextInput {...common} type={type} />
  );
}

export function AuthorityFields({
  authority,
  props,
  children,
}: {
  authority: AuthorityKey;
  props: StepProps;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Stack gap="sm">
      {children}
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Field
          path={`${authority}.name`}
          label={t('draft.authorityField.name')}
          props={props}
          maxLength={300}
        />
        <Field
          path={`${authority}.reference`}
          label={t('draft.authorityField.reference')}
          props={props}
          maxLength={100}
        />
        <Field
          path={`${authority}.address`}
          label={t('draft.authorityField.address')}
          props={props}
          maxLength={500}
        />
        <Field
          path={`${authority}.phone`}
          label={t('draft.authorityField.phone')}
          props={props}
          maxLength={50}
          type="tel"
        />
        <Field
          path={`${authority}.email`}
          label={t('draft.authorityField.email')}
          props={props}
          maxLength={254}
          type="email"
        />
      </SimpleGrid>
    </Stack>
  );
}
