import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type {
  AdviceRequestT,
  AdviceT,
  CatalogueT,
  CompetentAuthorityT,
  CompetentQueryT,
  InstrumentDetailT,
  InstrumentSummaryT,
  ListOf,
  RecipientT,
} from '../../api/types.ts';
import { isLanguage, type Language } from '../../i18n/index.ts';

/** The language the server is asked to answer in: the user's current one. */
export function useApiLanguage(): Language {
  const { i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? i18n.language;
  return isLanguage(lang) ? lang : 'en';
}

export const legalKeys = {
  catalogue: ['legal', 'catalogue'] as const,
  instruments: ['legal', 'instruments'] as const,
  instrument: (id: string, lang?: string) =>
    lang ? (['legal', 'instrument', id, lang] as const) : (['legal', 'instrument', id] as const),
  advice: (body: AdviceRequestT, lang: string) => ['legal', 'advice', body, lang] as const,
  competent: (q: CompetentQueryT) => ['directory', 'competent', q] as const,
  recipients: (state: string) => ['directory', 'recipients', state] as const,
};

export const legalApi = {
  catalogue: (signal?: AbortSignal) => api.get<CatalogueT>('/api/legal/catalogue', { signal }),
  instruments: (signal?: AbortSignal) => api.get<ListOf<InstrumentSummaryT>>('/api/instruments', { signal }),
  /** With `lang`, the answer carries the registry's prose in that language (`data.prose`). */
  instrument: (id: string, signal?: AbortSignal, lang?: string) =>
    api.get<InstrumentDetailT>(`/api/instruments/${encodeURIComponent(id)}`, {
      signal,
      ...(lang ? { query: { lang } } : {}),
    }),
  /** The advisor's sentences come in `lang`. */
  advice: (body: AdviceRequestT, lang: string, signal?: AbortSignal) =>
    api.post<AdviceT>('/api/legal/advice', body, { signal, query: { lang } }),
  competent: (q: CompetentQueryT, signal?: AbortSignal) =>
    api.get<ListOf<CompetentAuthorityT>>('/api/directory/competent', { signal, query: { ...q } }),
  /** Agencies of a state a request can be sent to, on this node and on partner nodes. */
  recipients: (state: string, signal?: AbortSignal) =>
    api.get<ListOf<RecipientT>>('/api/directory/recipients', { signal, query: { state } }),
};

/** States, measures, offence categories…: code lists that change only with a registry release. */
export function useCatalogue() {
  return useQuery({
    queryKey: legalKeys.catalogue,
    queryFn: ({ signal }) => legalApi.catalogue(signal),
    staleTime: 60 * 60_000,
  });
}

export function useInstruments() {
  return useQuery({
    queryKey: legalKeys.instruments,
    queryFn: ({ signal }) => legalApi.instruments(signal),
    staleTime: 5 * 60_000,
  });
}

/** One instrument with its prose in the user's language (`data.prose`); none while `id` is null. */
export function useInstrument(id: string | null, enabled = true) {
  const lang = useApiLanguage();
  return useQuery({
    queryKey: legalKeys.instrument(id ?? '', lang),
    queryFn: ({ signal }) => legalApi.instrument(id!, signal, lang),
    enabled: enabled && id !== null,
  });
}
