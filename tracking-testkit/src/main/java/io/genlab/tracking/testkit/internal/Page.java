package io.genlab.tracking.testkit.internal;

import java.util.List;

/** One page of results and the token for the next, {@code null} on the last page. */
record Page<T>(List<T> items, String nextPageToken) {
  Page {
    items = List.copyOf(items);
  }

  /**
   * The page starting at {@code pageToken}'s offset, as MLflow's {@code SearchUtils.paginate}.
   *
   * @throws MlflowError INVALID_PARAMETER_VALUE for a token it did not make
   */
  static <T> Page<T> of(List<T> all, String pageToken, int maxResults) {
    int start = PageTokens.offset(pageToken);
    int end = (int) Math.min((long) start + maxResults, all.size());
    List<T> items = start >= all.size() ? List.of() : all.subList(start, end);
    return new Page<>(items, end < all.size() ? PageTokens.forOffset(end) : null);
  }
}
