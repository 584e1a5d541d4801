package io.genlab.reports;

import io.genlab.tracking.RunInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Groups runs that differ only by seed: runs with the same params, leaving out {@value #SEED_PARAM} and the
 * spec's {@value #NAME_PARAM}, and the
 * same likelihood protocol tags ({@code genlab.protocol.*}, shown as {@code protocol.<key>}: numbers measured
 * differently are not averaged) form one configuration. Stateless; thread-safe.
 */
final class SeedGroups {
  /** The param that tells seeds apart (the spec's top-level {@code seed}). */
  static final String SEED_PARAM = "seed";
  /** The param holding the spec's name, left out of configurations too. */
  static final String NAME_PARAM = "name";

  private SeedGroups() {}

  /**
   * One configuration: the runs in the order given, and a label from the params that tell it apart from
   * the other configurations ("all runs" when there is one configuration).
   */
  record Group(String label, Map<String, String> params, List<RunInfo> runs) {
    Group {
      params = Map.copyOf(params);
      runs = List.copyOf(runs);
    }
  }

  /** The groups in order of their first run. */
  static List<Group> of(List<RunInfo> runs) {
    Map<Map<String, String>, List<RunInfo>> byParams = new LinkedHashMap<>();
    for (RunInfo r : runs) {
      byParams.computeIfAbsent(configuration(r), k -> new ArrayList<>()).add(r);
    }
    Set<String> differing = new TreeSet<>();
    List<Map<String, String>> configs = new ArrayList<>(byParams.keySet());
    Set<String> keys = new TreeSet<>();
    configs.forEach(c -> keys.addAll(c.keySet()));
    for (String k : keys) {
      // A param one run lacks is a difference (a setting added later); a protocol tag one run lacks is not (a run
      // killed before its evaluation has none).
      boolean protocol = k.startsWith("protocol.");
      if (configs.stream().map(c -> c.get(k)).filter(v -> !protocol || v != null).distinct().count() > 1) {
        differing.add(k);
      }
    }
    List<Group> groups = new ArrayList<>();
    byParams.forEach((params, members) -> {
      List<String> parts = new ArrayList<>();
      differing.forEach(k -> parts.add(k + "=" + (params.containsKey(k) ? params.get(k) : "(none)")));
      String label = parts.isEmpty() ? (configs.size() == 1 ? "all runs" : members.get(0).runName())
          : String.join(", ", parts);
      groups.add(new Group(label, params, members));
    });
    return groups;
  }

  private static Map<String, String> configuration(RunInfo run) {
    Map<String, String> out = new TreeMap<>(run.params());
    out.remove(SEED_PARAM);
    // The spec's name: each sweep trial's is its own (sweep-3), which would make every run a configuration.
    out.remove(NAME_PARAM);
    run.tags().forEach((k, v) -> {
      if (k.startsWith(Comparison.PROTOCOL_PREFIX)) {
        out.put("protocol." + k.substring(Comparison.PROTOCOL_PREFIX.length()), v);
      }
    });
    return out;
  }
}
