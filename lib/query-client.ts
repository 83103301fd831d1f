import { dehydrate, QueryClient, type DehydratedState } from "@tanstack/react-query";

/** App-wide TanStack Query defaults. */
export function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
      },
    },
  });
}

/**
 * The cache a page's server component hands to <HydrationBoundary state={…}>: `fill` puts the data the server
 * read under each query's key (`client.setQueryData(releaseQuery(id).queryKey, release)`, typed by the key), so
 * that the page's queries start with it and fetch nothing on load.
 */
export function prefetched(fill: (client: QueryClient) => void): DehydratedState {
  const client = makeQueryClient();
  fill(client);
  return dehydrate(client);
}
