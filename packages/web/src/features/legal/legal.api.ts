import { useQuery } from '@tanstack/react-query';
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
} from '../../api/types.ts';

export const legalKeys = {
  catalogue: ['legal', 'catalogue'] as const,
  instruments: ['legal', 'instruments'] as const,
  instrument: (id: string) => ['legal', 'instrument', id] as const,
  advice: (body: AdviceRequestT) => ['legal', 'advice', body] as const,
  competent: (q: CompetentQueryT) => ['directory', 'competent', q] as const,
};

export const legalApi = {
  catalogue: (signal?: AbortSignal) => api.get<CatalogueT>('/api/legal/catalogue', { signal }),
  instruments: (signal?: AbortSignal) => api.get<ListOf<InstrumentSummaryT>>('/api/instruments', { signal }),
  instrument: (id: string, signal?: AbortSignal) =>
    api.get<InstrumentDetailT>(`/api/instruments/${encodeURIComponent(id)}`, { signal }),
  advice: (body: AdviceRequestT, signal?: AbortSignal) =>
    api.post<AdviceT>('/api/legal/advice', body, { signal }),
  competent: (q: CompetentQueryT, signal?: AbortSignal) =>
    api.get<ListOf<CompetentAuthorityT>>('/api/directory/competent', { signal, query: { ...q } }),
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
