package io.genlab.runner.run;

import io.genlab.api.DisplayText;
import io.genlab.engine.config.InvalidConfigException;
import io.genlab.tracking.TrackedRun;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Logs the machine's and this process's CPU and memory under MLflow's {@code system/} metric names every
 * few seconds while a run trains, so that the MLflow UI's System metrics tab fills: {@code
 * system/cpu_utilization_percentage}, {@code system/system_memory_usage_megabytes}, {@code
 * system/system_memory_usage_percentage}, {@code system/process_cpu_percentage}, {@code
 * system/process_memory_rss_megabytes}, ... (see {@link SystemReadings}).
 *
 * <p>Samples are taken on a daemon thread, every {@value #INTERVAL_VARIABLE} seconds (MLflow's variable;
 * 10 by default, as MLflow), and once more when the sampler is closed; {@value #ENABLE_VARIABLE}{@code
 * =false} turns them off. Each is logged at the training iteration of its time, so system charts line up
 * with the loss and a resumed run continues them. These figures measure the machine, not the result:
 * reproductions and resumes leave keys under {@value #PREFIX} out of their comparisons. Sampling never
 * fails a run: a figure that cannot be read, or a store that refuses a sample, gives one warning and the
 * sampler carries on without it (or stops). Thread-safe.
 */
public final class SystemMetricsSampler implements AutoCloseable {
  /** The prefix of every system metric, as MLflow's. */
  public static final String PREFIX = "system/";
  /** The sampling interval in seconds, MLflow's variable. */
  public static final String INTERVAL_VARIABLE = "MLFLOW_SYSTEM_METRICS_SAMPLING_INTERVAL";
  /** Set to {@code false} to log no system metrics, MLflow's variable (genlab logs them unless told not to). */
  public static final String ENABLE_VARIABLE = "MLFLOW_ENABLE_SYSTEM_METRICS_LOGGING";
  /** MLflow's default interval. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);

  private static final Duration STOP_WAIT = Duration.ofSeconds(10);

  private final TrackedRun run;
  private final LongSupplier step;
  private final SystemReadings readings;
  private final PrintStream console;
  private final CountDownLatch closed = new CountDownLatch(1);
  private final Thread thread;
  private boolean warnedReadings;
  private boolean failed;

  private SystemMetricsSampler(TrackedRun run, LongSupplier step, Optional<Duration> interval, SystemReadings readings,
      PrintStream console) {
    this.run = run;
    this.step = step;
    this.readings = readings;
    this.console = console;
    if (interval.isEmpty()) {
      this.thread = null; // turned off: logs nothing
      return;
    }
    long every = interval.get().toNanos();
    readings.read(); // the baseline the first sample's CPU figures are measured from
    this.thread = new Thread(() -> {
      try {
        while (!closed.await(every, TimeUnit.NANOSECONDS) && sample()) {
          // each turn logs one sample
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "genlab-system-metrics");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * The sampling interval {@code environment} asks for ({@value #INTERVAL_VARIABLE} seconds, default {@link
   * #DEFAULT_INTERVAL}), or empty when {@value #ENABLE_VARIABLE} is {@code false}.
   *
   * @throws InvalidConfigException naming the variable, its value and what is allowed, when either is malformed
   */
  public static Optional<Duration> interval(Map<String, String> environment) {
    String enable = environment.get(ENABLE_VARIABLE);
    if (enable != null && !enable.isBlank()) {
      switch (enable.strip().toLowerCase(Locale.ROOT)) {
        case "false", "0", "no", "off" -> {
          return Optional.empty();
        }
        case "true", "1", "yes", "on" -> { }
        default -> throw new InvalidConfigException("environment variable " + ENABLE_VARIABLE, "'"
            + DisplayText.line(enable) + "' is not a switch; use true or false");
      }
    }
    String seconds = environment.get(INTERVAL_VARIABLE);
    if (seconds == null || seconds.isBlank()) {
      return Optional.of(DEFAULT_INTERVAL);
    }
    double value;
    try {
      value = Double.parseDouble(seconds.strip());
    } catch (NumberFormatException e) {
      value = Double.NaN;
    }
    if (!(value >= 0.01 && value <= 86_400)) {
      throw new InvalidConfigException("environment variable " + INTERVAL_VARIABLE, "'" + DisplayText.line(seconds)
          + "' is not a sampling interval; give seconds between 0.01 and 86400, e.g. 10 (MLflow's default)");
    }
    return Optional.of(Duration.ofNanos(Math.round(value * 1e9)));
  }

  /**
   * Starts sampling to {@code run}; with an empty {@code interval} (turned off), a sampler that logs nothing.
   *
   * @param step the training iteration now, read from the sampler's thread
   * @param console where the one warning about unreadable figures or a refusing store goes
   */
  public static SystemMetricsSampler start(TrackedRun run, LongSupplier step, Optional<Duration> interval,
      PrintStream console) {
    return start(run, step, interval, new SystemReadings(), console);
  }

  static SystemMetricsSampler start(TrackedRun run, LongSupplier step, Optional<Duration> interval,
      SystemReadings readings, PrintStream console) {
    return new SystemMetricsSampler(run, step, interval, readings, console);
  }

  /**
   * Logs one sample at the current step; false once the store has refused one, after which nothing more is
   * logged.
   */
  synchronized boolean sample() {
    if (failed) {
      return false;
    }
    try {
      Map<String, Double> figures = readings.read();
      if (readings.problem() != null && !warnedReadings) {
        warnedReadings = true;
        console.printf("warning: %s%n", DisplayText.line(readings.problem()));
      }
      long at = step.getAsLong();
      figures.forEach((name, value) -> run.logMetric(PREFIX + name, value, at));
      return true;
    } catch (RuntimeException e) {
      failed = true;
      console.printf("warning: system metrics stopped: %s%n", DisplayText.line(String.valueOf(e.getMessage())));
      return false;
    }
  }

  /** Stops the thread and logs a last sample at the step training ended on; never throws. */
  @Override
  public void close() {
    if (thread == null || closed.getCount() == 0) {
      return; // turned off, or closed already
    }
    closed.countDown();
    try {
      thread.join(STOP_WAIT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    sample();
  }
}
