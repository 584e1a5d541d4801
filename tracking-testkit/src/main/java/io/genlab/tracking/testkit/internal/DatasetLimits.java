package io.genlab.tracking.testkit.internal;

import io.genlab.tracking.testkit.DatasetInputSnapshot;
import java.util.Map;

/** MLflow's limits on dataset inputs ({@code _validate_dataset}, {@code _validate_input_tag}). */
final class DatasetLimits {
  private DatasetLimits() {}

  static void check(DatasetInputSnapshot input) {
    Validation.lengthAtMost("name", Validation.MAX_DATASET_NAME_SIZE, input.name());
    Validation.lengthAtMost("digest", Validation.MAX_DATASET_DIGEST_SIZE, input.digest());
    Validation.lengthAtMost("source", Validation.MAX_DATASET_SOURCE_SIZE, input.source());
    Validation.lengthAtMost("schema", Validation.MAX_DATASET_SCHEMA_SIZE, input.schema());
    Validation.lengthAtMost("profile", Validation.MAX_DATASET_PROFILE_SIZE, input.profile());
    for (Map.Entry<String, String> tag : input.tags().entrySet()) {
      Validation.lengthAtMost("key", Validation.MAX_INPUT_TAG_KEY_SIZE, tag.getKey());
      Validation.lengthAtMost("value", Validation.MAX_INPUT_TAG_VALUE_SIZE, tag.getValue());
    }
  }
}
