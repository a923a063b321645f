import { Modal } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CompetentAuthorityT, RequestDraftT } from '../../../api/types.ts';
import { CompetentFinder } from '../../directory/CompetentFinder.tsx';

/** The requested authority as the directory knows it: name, agency, first e-mail. */
export function authorityFrom(item: CompetentAuthorityT): NonNullable<RequestDraftT['requestedAuthority']> {
  const email = item.competence.channels.find((c) => c.kind === 'email')?.value;
  const phone = item.competence.channels.find((c) => c.kind === 'phone')?.value;
  const address = item.competence.channels.find((c) => c.kind === 'post')?.value;
  return {
    name: item.agency.name,
    agencyId: item.agency.id,
    ...(email ? { email } : {}),
    ...(phone ? { phone } : {}),
    ...(address ? { address } : {}),
  };
}

/** The competent-authority finder over the wizard, to pick the requested authority. */
export function AuthorityPicker({
  measure,
  state,
  instrument,
  onPick,
  onClose,
}: {
  measure: string;
  state: string;
  instrument: string;
  onPick: (item: CompetentAuthorityT) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal
      opened
      onClose={onClose}
      title={t('directory.pickTitle')}
      size="xl"
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <CompetentFinder
        initial={{ measure, state, place: '', instrument, function: 'executing' }}
        onPick={(item) => {
          onPick(item);
          onClose();
        }}
      />
    </Modal>
  );
}
