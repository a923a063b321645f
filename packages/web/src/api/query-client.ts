import { onlineManager, QueryClient } from '@tanstack/react-query';
import { connectivity } from './connectivity.ts';
import { ApiProblem, NetworkError } from './problem.ts';

export function createQueryClient(): QueryClient {
  // Queries pause while the server is unreachable and resume when the probe succeeds.
  onlineManager.setEventListener((setOnline) => {
    setOnline(connectivity.store.get().online);
    return connectivity.store.subscribe(() => setOnline(connectivity.store.get().online));
  });
  const client = new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 15_000,
        retry: (failures, error) => {
          if (error instanceof NetworkError) return failures < 3;
          if (error instanceof ApiProblem) return error.status >= 500 && failures < 1;
          return false;
        },
        refetchOnWindowFocus: true,
      },
      mutations: { retry: false },
    },
  });
  connectivity.store.subscribe(() => {
    if (connectivity.store.get().online) {
      void client.refetchQueries({ predicate: (q) => q.state.status === 'error' });
    }
  });
  return client;
}
