package io.genlab.tracking;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * One logged value of a metric.
 *
 * <p>Immutable and thread-safe.
 *
 * @param timestamp when it was logged, in milliseconds since the epoch
 * @param value the value; may be NaN or infinite
 * @param step the training step it belongs to
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record MetricPoint(long timestamp, double value, long step) {}
