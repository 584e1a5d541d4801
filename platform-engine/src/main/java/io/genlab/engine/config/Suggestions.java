package io.genlab.engine.config;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;

/** "Did you mean" suggestions by edit distance; stateless and thread-safe. */
public final class Suggestions {
  /**
   * The longest text compared: names are short, and the distance table grows with the product of the
   * lengths, so a 100 kB key from a hostile spec is not compared at all.
   */
  static final int MAX_COMPARED = 100;

  private Suggestions() {}

  /** The closest candidate to {@code input}, if one is close enough to be a plausible typo. */
  public static Optional<String> closest(String input, Collection<String> candidates) {
    if (input.length() > MAX_COMPARED) {
      return Optional.empty();
    }
    String needle = input.toLowerCase(Locale.ROOT);
    return candidates.stream()
        .min(Comparator.comparingInt((String c) -> distance(needle, c.toLowerCase(Locale.ROOT)))
            .thenComparing(Comparator.naturalOrder()))
        .filter(c -> distance(needle, c.toLowerCase(Locale.ROOT)) <= Math.max(2, needle.length() / 3));
  }

  /**
   * A message tail: " (did you mean 'x'?); allowed: [a, b, c]" for an unknown {@code input}.
   */
  public static String hint(String input, Collection<String> candidates) {
    String allowed = "allowed: " + new TreeSet<>(candidates);
    return closest(input, candidates).map(c -> "did you mean '" + c + "'? " + allowed).orElse(allowed);
  }

  /**
   * Levenshtein distance with adjacent transpositions counted as one edit; texts longer than {@link
   * #MAX_COMPARED} count as far from anything (their length).
   */
  static int distance(String a, String b) {
    if (a.length() > MAX_COMPARED || b.length() > MAX_COMPARED) {
      return Math.max(a.length(), b.length());
    }
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
