package io.genlab.runner.run;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The machine's and this process's figures under MLflow's system-metric names (without the {@code system/}
 * prefix), as MLflow's CPU and process monitors compute them with psutil: machine CPU from {@code
 * /proc/stat}, machine memory from {@code /proc/meminfo} ({@code used = total - free - buffers - cached},
 * megabytes of 10^6 bytes), the process's resident and virtual memory and threads from {@code
 * /proc/self/status}, its CPU time and heap from the JVM. CPU figures cover the time since the previous
 * reading, so the first reading sets the baseline.
 *
 * <p>Off Linux (no {@code /proc}) only the JVM's figures are read. Not thread-safe: one sampler reads.
 */
final class SystemReadings {
  private final Path proc;
  private final LongSupplier nanoTime;
  private final LongSupplier processCpuNanos;
  private long[] lastCpu;
  private long lastNanos;
  private long lastProcessCpu = -1;
  private String problem;

  /** Readings from {@code /proc} and this JVM. */
  SystemReadings() {
    this(Path.of("/proc"), System::nanoTime, SystemReadings::jvmProcessCpuNanos);
  }

  /**
   * Readings from a {@code /proc}-like folder (tests), with the clock and process CPU time given.
   *
   * @param processCpuNanos the process's CPU time in nanoseconds, negative when unknown
   */
  SystemReadings(Path proc, LongSupplier nanoTime, LongSupplier processCpuNanos) {
    this.proc = proc;
    this.nanoTime = nanoTime;
    this.processCpuNanos = processCpuNanos;
  }

  /**
   * The figures readable now, by metric name, rounded to one decimal as MLflow logs them; a figure whose
   * source is missing is left out (see {@link #problem()}).
   */
  Map<String, Double> read() {
    Map<String, Double> out = new LinkedHashMap<>();
    long now = nanoTime.getAsLong();
    Optional<long[]> cpu = cpuTimes();
    if (cpu.isPresent() && lastCpu != null) {
      long total = sum(cpu.get()) - sum(lastCpu);
      long idle = idle(cpu.get()) - idle(lastCpu);
      if (total > 0) {
        out.put("cpu_utilization_percentage", round(100.0 * (total - idle) / total));
      }
    }
    lastCpu = cpu.orElse(null);
    Map<String, Long> memory = kilobytes("meminfo");
    Long total = memory.get("MemTotal");
    Long free = memory.get("MemFree");
    if (total != null && free != null && total > 0) {
      long cached = memory.getOrDefault("Cached", 0L) + memory.getOrDefault("SReclaimable", 0L);
      long used = total - free - memory.getOrDefault("Buffers", 0L) - cached;
      used = used < 0 ? total - free : used; // as psutil does on containers that misreport the cache
      out.put("system_memory_usage_megabytes", round(used * 1024 / 1e6));
      out.put("system_memory_usage_percentage", round(100.0 * used / total));
    }
    long cpuNanos = processCpuNanos.getAsLong();
    if (cpuNanos >= 0 && lastProcessCpu >= 0 && now > lastNanos) {
      // Like psutil's Process.cpu_percent: 100 is one core busy, so a busy process may exceed 100.
      out.put("process_cpu_percentage", round(100.0 * (cpuNanos - lastProcessCpu) / (now - lastNanos)));
    }
    lastProcessCpu = cpuNanos;
    lastNanos = now;
    Map<String, Long> status = kilobytes("self/status");
    Long rss = status.get("VmRSS");
    if (rss != null) {
      out.put("process_memory_rss_megabytes", round(rss * 1024 / 1e6));
      if (total != null && total > 0) {
        out.put("process_memory_percentage", round(100.0 * rss / total));
      }
    }
    if (status.containsKey("VmSize")) {
      out.put("process_memory_vms_megabytes", round(status.get("VmSize") * 1024 / 1e6));
    }
    if (status.containsKey("Threads")) {
      out.put("process_threads", (double) status.get("Threads"));
    }
    out.put("jvm_heap_used_megabytes", round(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1e6));
    return out;
  }

  /** Why machine or process figures are missing (e.g. no {@code /proc}), or {@code null} when none are. */
  String problem() {
    return problem;
  }

  /** The cpu line of /proc/stat: user nice system idle iowait irq softirq steal (guest time is inside user). */
  private Optional<long[]> cpuTimes() {
    for (String line : lines("stat")) {
      if (line.startsWith("cpu ")) {
        String[] f = line.trim().split("\\s+");
        long[] times = new long[Math.min(8, f.length - 1)];
        try {
          for (int i = 0; i < times.length; i++) {
            times[i] = Long.parseLong(f[i + 1]);
          }
        } catch (NumberFormatException e) {
          problem = proc.resolve("stat") + " has an unreadable cpu line: " + line;
          return Optional.empty();
        }
        return times.length >= 4 ? Optional.of(times) : Optional.empty();
      }
    }
    return Optional.empty();
  }

  private static long sum(long[] times) {
    long s = 0;
    for (long t : times) {
      s += t;
    }
    return s;
  }

  /** idle + iowait, as psutil counts idle time. */
  private static long idle(long[] times) {
    return times[3] + (times.length > 4 ? times[4] : 0);
  }

  /** The {@code Name: value kB} (or plain count) lines of a /proc file, by name. */
  private Map<String, Long> kilobytes(String file) {
    Map<String, Long> out = new LinkedHashMap<>();
    for (String line : lines(file)) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        String[] f = line.substring(colon + 1).trim().split("\\s+");
        try {
          out.put(line.substring(0, colon), Long.parseLong(f[0]));
        } catch (NumberFormatException e) {
          // a text field (Name:, State:): not a figure
        }
      }
    }
    return out;
  }

  private List<String> lines(String file) {
    Path path = proc.resolve(file);
    try {
      return Files.readAllLines(path, StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      problem = path + " cannot be read (" + e.getClass().getSimpleName() + (e.getMessage() != null
          ? ": " + e.getMessage() : "") + "), so the machine's CPU and memory and the process's memory are not"
          + " logged (they come from Linux's /proc)";
      return List.of();
    }
  }

  private static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }

  /** This JVM's CPU time, or -1 where the platform does not tell it. */
  private static long jvmProcessCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }
}
