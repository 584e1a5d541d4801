package io.genlab.runner.badinput;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/**
 * One malformed input: the command line it builds in a {@link Workspace}, and what the refusal must name.
 *
 * <p>{@link #check} asserts the contract of bad input: exit code 2, one message that names the place
 * (each of {@code mentions}; {@code @file} stands for the last argument that is a file in the workspace),
 * no stack trace, and nothing changed in the workspace (store included) or in a default {@code ./mlruns}.
 *
 * @param name what is wrong, as the test's display name
 * @param arguments builds the command line, writing the files it needs
 * @param mentions text the error message must contain
 */
public record BadInputCase(String name, Function<Workspace, List<String>> arguments, List<String> mentions) {
  /** A case whose arguments are built by {@code arguments} and whose message contains each of {@code mentions}. */
  public static BadInputCase of(String name, Function<Workspace, List<String>> arguments, String... mentions) {
    return new BadInputCase(name, arguments, List.of(mentions));
  }

  /** {@code genlab run <spec>} with a spec holding {@code yaml} (and the workspace's store). */
  public static BadInputCase run(String name, String yaml, String... mentions) {
    return of(name, ws -> List.of("run", ws.spec(yaml)), mentions);
  }

  /** {@code genlab run <valid spec> extra...}. */
  public static BadInputCase runValid(String name, List<String> extra, String... mentions) {
    return of(name, ws -> concat(List.of("run", ws.spec(Workspace.VALID_SPEC)), extra), mentions);
  }

  /** This case with {@code extra} arguments after its own, named with {@code suffix}: the same refusal is expected. */
  public BadInputCase withArguments(String suffix, String... extra) {
    return new BadInputCase(name + suffix, ws -> concat(arguments.apply(ws), List.of(extra)), mentions);
  }

  static List<String> concat(List<String> a, List<String> b) {
    return Stream.concat(a.stream(), b.stream()).toList();
  }

  /** Runs the case in {@code ws} and asserts the bad-input contract. */
  public void check(Workspace ws) {
    List<String> args = arguments.apply(ws);
    StoreSnapshot before = StoreSnapshot.of(ws.root());
    StoreSnapshot defaultStore = StoreSnapshot.of(Path.of("mlruns").toAbsolutePath());
    CliRun result = CliRun.of(args.toArray(String[]::new));
    assertThat(result.code()).as("exit code of %s for %s", args, result).isEqualTo(Workspace.badInputCode());
    assertThat(result.hasStackTrace()).as("a stack trace in %s", result).isFalse();
    String file = args.stream().filter(a -> a.startsWith(ws.root().toString())).reduce((a, b) -> b)
        .map(a -> Path.of(a).getFileName().toString()).orElse("@file");
    for (String mention : mentions) {
      assertThat(result.err()).as("the message of %s", args).contains(mention.replace("@file", file));
    }
    assertThat(before.changedIn(StoreSnapshot.of(ws.root()))).as("files changed by %s: %s", args, result).isEmpty();
    assertThat(defaultStore.changedIn(StoreSnapshot.of(Path.of("mlruns").toAbsolutePath())))
        .as("./mlruns changed by %s", args).isEmpty();
  }

  /** The cases as dynamic tests sharing {@code ws}. */
  public static Stream<DynamicTest> tests(Workspace ws, List<BadInputCase> cases) {
    return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> c.check(ws)));
  }
}
