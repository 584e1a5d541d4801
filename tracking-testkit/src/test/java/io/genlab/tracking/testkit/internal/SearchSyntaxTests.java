package io.genlab.tracking.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.genlab.tracking.testkit.internal.SearchSyntax.Clause;
import io.genlab.tracking.testkit.internal.SearchSyntax.Entity;
import io.genlab.tracking.testkit.internal.SearchSyntax.Order;
import java.util.List;
import org.junit.jupiter.api.Test;

class SearchSyntaxTests {
  @Test
  void parsesMlflowsIdentifierForms() {
    assertThat(SearchSyntax.filter("tags.`mlflow.parentRunId` = 'p'"))
        .containsExactly(new Clause(Entity.TAG, "mlflow.parentRunId", "=", List.of("p")));
    assertThat(SearchSyntax.filter("tags.mlflow.parentRunId = \"p\""))
        .containsExactly(new Clause(Entity.TAG, "mlflow.parentRunId", "=", List.of("p")));
    assertThat(SearchSyntax.filter("params.\"learning rate\" != '0.1'"))
        .containsExactly(new Clause(Entity.PARAM, "learning rate", "!=", List.of("0.1")));
    assertThat(SearchSyntax.filter("status = 'RUNNING'"))
        .containsExactly(new Clause(Entity.ATTRIBUTE, "status", "=", List.of("RUNNING")));
    assertThat(SearchSyntax.filter("attr.run_id not in ('a','b' , 'c')"))
        .containsExactly(new Clause(Entity.ATTRIBUTE, "run_id", "NOT IN", List.of("a", "b", "c")));
  }

  @Test
  void joinsClausesWithAndInAnyCase() {
    assertThat(SearchSyntax.filter("  tags.a = 'x' AND params.b = 'y' and run.status='FAILED' "))
        .extracting(Clause::entity)
        .containsExactly(Entity.TAG, Entity.PARAM, Entity.ATTRIBUTE);
    assertThat(SearchSyntax.filter("")).isEmpty();
    assertThat(SearchSyntax.filter(null)).isEmpty();
  }

  @Test
  void valuesKeepWhatIsInsideTheQuotes() {
    assertThat(SearchSyntax.filter("tags.note = 'a = b AND c'").get(0).values())
        .containsExactly("a = b AND c");
  }

  @Test
  void refusesWhatMlflowRefuses() {
    for (String bad :
        List.of(
            "tags.a = 'x' OR tags.b = 'y'",
            "tags.a = x",
            "tags. = 'x'",
            "nope.a = 'x'",
            "tags.a = 'x' extra",
            "tags.a 'x'",
            "tags.a IN 'x'")) {
      assertThatThrownBy(() -> SearchSyntax.filter(bad))
          .as(bad)
          .isInstanceOfSatisfying(
              MlflowError.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE));
    }
  }

  @Test
  void parsesOrderClauses() {
    assertThat(SearchSyntax.order("metrics.loss DESC"))
        .isEqualTo(new Order(Entity.METRIC, "loss", false));
    assertThat(SearchSyntax.order("attributes.start_time"))
        .isEqualTo(new Order(Entity.ATTRIBUTE, "start_time", true));
    assertThat(SearchSyntax.order("tags.`a b` asc")).isEqualTo(new Order(Entity.TAG, "a b", true));
    assertThatThrownBy(() -> SearchSyntax.order("metrics.loss SIDEWAYS"))
        .isInstanceOf(MlflowError.class);
  }
}
