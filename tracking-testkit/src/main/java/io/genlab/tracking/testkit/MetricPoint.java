package io.genlab.tracking.testkit;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * One logged metric value, as the fake server stored it.
 *
 * @param key the metric key
 * @param value the value; may be NaN or infinite
 * @param timestamp milliseconds since the epoch, as the client sent it
 * @param step the step, 0 when the client sent none
 * @since 0.5
 */
@API(status = EXPERIMENTAL, since = "0.5")
public record MetricPoint(String key, double value, long timestamp, long step) {
  public MetricPoint {
    Objects.requireNonNull(key, "key");
  }

  /**
   * Whether this point is MLflow's "latest" over {@code other}: larger step, then larger timestamp,
   * then larger value (NaN counting as the largest).
   */
  public boolean isLaterThan(MetricPoint other) {
    if (step != other.step) {
      return step > other.step;
    }
    if (timestamp != other.timestamp) {
      return timestamp > other.timestamp;
    }
    return Double.compare(value, other.value) > 0;
  }
}
