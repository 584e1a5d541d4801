package io.genlab.tracking.testkit.internal;

import io.genlab.tracking.testkit.ExperimentSnapshot;
import io.genlab.tracking.testkit.internal.SearchSyntax.Clause;
import io.genlab.tracking.testkit.internal.SearchSyntax.Order;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * {@code experiments/search}'s filter and order: {@code name} (or {@code attributes.name}) and
 * {@code tags.<key>} with {@code =} or {@code !=}; order by {@code name}, {@code experiment_id},
 * {@code creation_time} or {@code last_update_time}, MLflow's default being creation time
 * descending, then experiment id. Other clauses are refused with INVALID_PARAMETER_VALUE.
 */
final class ExperimentSearch {
  private ExperimentSearch() {}

  static Predicate<ExperimentSnapshot> filter(String filter) {
    Predicate<ExperimentSnapshot> all = e -> true;
    for (Clause clause : SearchSyntax.filter(filter)) {
      Function<ExperimentSnapshot, String> value;
      if (clause.entity() == SearchSyntax.Entity.TAG) {
        value = e -> e.tags().get(clause.key());
      } else if (clause.entity() == SearchSyntax.Entity.ATTRIBUTE && clause.key().equals("name")) {
        value = ExperimentSnapshot::name;
      } else {
        throw unsupported(clause.entity() + " '" + clause.key() + "'");
      }
      String expected = clause.values().get(0);
      Predicate<ExperimentSnapshot> predicate =
          switch (clause.operator()) {
            case "=" -> e -> expected.equals(value.apply(e));
            case "!=" -> e -> value.apply(e) != null && !expected.equals(value.apply(e));
            default -> throw unsupported("operator " + clause.operator());
          };
      all = all.and(predicate);
    }
    return all;
  }

  static List<ExperimentSnapshot> sort(List<ExperimentSnapshot> experiments, List<String> orderBy) {
    List<String> clauses =
        orderBy.isEmpty() ? List.of("creation_time DESC", "experiment_id ASC") : orderBy;
    List<ExperimentSnapshot> sorted = new ArrayList<>(experiments);
    sorted.sort(
        Comparator.comparing(ExperimentSnapshot::experimentId, ExperimentSearch::compareIds));
    for (int i = clauses.size() - 1; i >= 0; i--) {
      Order order = SearchSyntax.order(clauses.get(i));
      if (order.entity() != SearchSyntax.Entity.ATTRIBUTE) {
        throw unsupported("ordering by " + order.entity().name().toLowerCase(Locale.ROOT));
      }
      Comparator<ExperimentSnapshot> comparator =
          switch (order.key()) {
            case "name" -> Comparator.comparing(ExperimentSnapshot::name);
            case "experiment_id" ->
                Comparator.comparing(
                    ExperimentSnapshot::experimentId, ExperimentSearch::compareIds);
            case "creation_time" -> Comparator.comparingLong(ExperimentSnapshot::creationTime);
            case "last_update_time" -> Comparator.comparingLong(ExperimentSnapshot::lastUpdateTime);
            default -> throw unsupported("ordering by '" + order.key() + "'");
          };
      sorted.sort(order.ascending() ? comparator : comparator.reversed());
    }
    return sorted;
  }

  /** Numeric ids compare as numbers, as in MLflow's SQL store. */
  private static int compareIds(String a, String b) {
    if (a.chars().allMatch(Character::isDigit) && b.chars().allMatch(Character::isDigit)) {
      return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
    }
    return a.compareTo(b);
  }

  private static MlflowError unsupported(String what) {
    return MlflowError.invalid(
        "Unsupported experiment search clause ("
            + what
            + "): the fake MLflow server supports name or tags.<key> with = or !=, and ordering"
            + " by name, experiment_id, creation_time or last_update_time");
  }
}
