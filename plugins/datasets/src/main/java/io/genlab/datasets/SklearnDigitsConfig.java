package io.genlab.datasets;

import static org.apiguardian.api.API.Status.STABLE;

import io.genlab.api.ConfigException;
import io.genlab.api.Description;
import org.apiguardian.api.API;

/**
 * Configures the {@code sklearn-digits} dataset: the 1,797 8x8 UCI digits as shipped by
 * scikit-learn in {@code digits.csv.gz}.
 *
 * <p>The file is looked for in {@code directory}, then in {@code <dataDirectory>/sklearn-digits} and
 * {@code <dataDirectory>}; it is never downloaded. Its SHA-256 is checked. The split is a shuffle
 * drawn from the run's random source ({@code derive("split")}), whose last {@code testFraction} is
 * the test split, so it changes with the run seed but never between loads of one run. Immutable and
 * thread-safe.
 *
 * @param directory the folder holding {@code digits.csv.gz}, or {@code null} (the default) to look in
 *     the data directory
 * @param testFraction the share of the 1,797 examples held out for testing, in (0, 1)
 * @since 0.1
 */
@API(status = STABLE, since = "0.1")
public record SklearnDigitsConfig(
    @Description("Folder holding digits.csv.gz; null looks in <dataDirectory>/sklearn-digits")
        String directory,
    @Description("Share of the examples held out as the test split, in (0, 1)") double testFraction) {

  /** No directory, 20% test. */
  public static final SklearnDigitsConfig DEFAULTS = new SklearnDigitsConfig(null, 0.2);

  /** Validates the fields; throws {@link ConfigException} naming the field at fault. */
  public SklearnDigitsConfig {
    ConfigPaths.checkOptionalPath("directory", directory);
    if (!(testFraction > 0 && testFraction < 1)) {
      throw new ConfigException(
          "testFraction", "testFraction must be in (0, 1), found " + testFraction);
    }
  }
}
