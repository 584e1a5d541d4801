package io.genlab.tracking.testkit.internal;

import io.genlab.tracking.testkit.MetricPoint;
import io.genlab.tracking.testkit.RunSnapshot;
import io.genlab.tracking.testkit.internal.SearchSyntax.Clause;
import io.genlab.tracking.testkit.internal.SearchSyntax.Entity;
import io.genlab.tracking.testkit.internal.SearchSyntax.Order;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * {@code runs/search}'s filter and order: the subset of MLflow's search syntax the fake supports.
 *
 * <p>Filter clauses, joined by {@code AND}: {@code tags.<key>} and {@code params.<key>} with {@code
 * =} or {@code !=}; {@code attributes.status} and {@code attributes.run_name} with {@code =} or
 * {@code !=}; {@code attributes.run_id} with {@code =}, {@code !=}, {@code IN} or {@code NOT IN}. A
 * run without the tag or param never matches, as in MLflow. Anything else MLflow understands
 * (metrics comparisons, {@code LIKE}, other attributes, datasets) is refused with
 * INVALID_PARAMETER_VALUE, so a client relying on it fails a test instead of getting every run.
 *
 * <p>Order: MLflow's default (start time descending, then run id), overridden by order-by clauses
 * on {@code metrics.<key>}, {@code params.<key>}, {@code tags.<key>} or the attributes {@code
 * start_time}, {@code end_time}, {@code run_name}, {@code status}, {@code run_id}, {@code
 * experiment_id}, {@code user_id}, {@code artifact_uri}; missing and NaN values sort last.
 */
final class RunSearch {
  private static final Set<String> ORDER_ATTRIBUTES =
      Set.of(
          "start_time",
          "end_time",
          "run_name",
          "status",
          "run_id",
          "experiment_id",
          "user_id",
          "artifact_uri");
  private static final String SUPPORTED =
      "the fake MLflow server supports only AND-joined clauses tags.<key> or params.<key> with ="
          + " or !=, attributes.status or attributes.run_name with = or !=, and attributes.run_id"
          + " with =, !=, IN or NOT IN";

  private RunSearch() {}

  static Predicate<RunSnapshot> filter(String filter) {
    Predicate<RunSnapshot> all = run -> true;
    for (Clause clause : SearchSyntax.filter(filter)) {
      all = all.and(predicate(clause));
    }
    return all;
  }

  private static Predicate<RunSnapshot> predicate(Clause clause) {
    Function<RunSnapshot, String> value =
        switch (clause.entity()) {
          case TAG -> run -> run.tags().get(clause.key());
          case PARAM -> run -> run.params().get(clause.key());
          case ATTRIBUTE ->
              switch (clause.key()) {
                case "status" -> RunSnapshot::status;
                case "run_name" -> RunSnapshot::runName;
                case "run_id" -> RunSnapshot::runId;
                default -> throw unsupported(clause);
              };
          default -> throw unsupported(clause);
        };
    boolean listOperator = clause.operator().endsWith("IN");
    if (listOperator && !(clause.entity() == Entity.ATTRIBUTE && clause.key().equals("run_id"))) {
      throw unsupported(clause);
    }
    List<String> values = clause.values();
    return switch (clause.operator()) {
      case "=" -> run -> values.get(0).equals(value.apply(run));
      case "!=" ->
          run -> {
            String actual = value.apply(run);
            return actual != null && !actual.equals(values.get(0));
          };
      case "IN" -> run -> values.contains(value.apply(run));
      case "NOT IN" -> run -> !values.contains(value.apply(run));
      default -> throw unsupported(clause);
    };
  }

  private static MlflowError unsupported(Clause clause) {
    return MlflowError.invalid(
        "Unsupported search clause on "
            + clause.entity().name().toLowerCase(Locale.ROOT)
            + " '"
            + clause.key()
            + "' with operator "
            + clause.operator()
            + ": "
            + SUPPORTED);
  }

  /** The runs in MLflow's order for {@code orderBy}. */
  static List<RunSnapshot> sort(List<RunSnapshot> runs, List<String> orderBy) {
    List<RunSnapshot> sorted = new ArrayList<>(runs);
    sorted.sort(
        Comparator.comparingLong(RunSnapshot::startTime)
            .reversed()
            .thenComparing(RunSnapshot::runId));
    // Stable sorts, last clause first, as MLflow's SearchUtils.sort does.
    for (int i = orderBy.size() - 1; i >= 0; i--) {
      Order order = SearchSyntax.order(orderBy.get(i));
      sorted.sort(nullsLast(sortValue(order), order.ascending()));
    }
    return sorted;
  }

  private static Function<RunSnapshot, Comparable<?>> sortValue(Order order) {
    return switch (order.entity()) {
      case METRIC ->
          run -> {
            MetricPoint point = run.latestMetrics().get(order.key());
            return point == null || Double.isNaN(point.value()) ? null : point.value();
          };
      case PARAM -> run -> run.params().get(order.key());
      case TAG -> run -> run.tags().get(order.key());
      case ATTRIBUTE -> {
        if (!ORDER_ATTRIBUTES.contains(order.key())) {
          throw MlflowError.invalid(
              "Invalid order_by attribute '"
                  + order.key()
                  + "'; valid ones are "
                  + ORDER_ATTRIBUTES);
        }
        yield run -> attribute(run, order.key());
      }
      default ->
          throw MlflowError.invalid(
              "The fake MLflow server cannot order runs by "
                  + order.entity().name().toLowerCase(Locale.ROOT));
    };
  }

  private static Comparable<?> attribute(RunSnapshot run, String key) {
    return switch (key) {
      case "start_time" -> run.startTime();
      case "end_time" -> run.endTime();
      case "run_name" -> run.runName();
      case "status" -> run.status();
      case "run_id" -> run.runId();
      case "experiment_id" -> run.experimentId();
      case "user_id" -> run.userId();
      default -> run.artifactUri();
    };
  }

  /** Missing values last in either direction, as MLflow sorts them. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static <T> Comparator<T> nullsLast(Function<T, Comparable<?>> key, boolean ascending) {
    return (a, b) -> {
      Comparable ka = key.apply(a);
      Comparable kb = key.apply(b);
      if (ka == null || kb == null) {
        return ka == null ? (kb == null ? 0 : 1) : -1;
      }
      int c = ka.compareTo(kb);
      return ascending ? c : -c;
    };
  }
}
