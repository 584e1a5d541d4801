package io.genlab.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The Ctrl-C hook asks the work to stop and returns as soon as the work is done. */
class StopHookTests {

  @Test
  void theHookRequestsAStopWaitsForTheWorkAndReturnsWhenItIsDone() throws InterruptedException {
    AtomicBoolean stopRequested = new AtomicBoolean();
    CountDownLatch workDone = new CountDownLatch(1);
    Thread hook = GenlabCli.stopHook(() -> stopRequested.set(true), workDone);
    hook.start();
    hook.join(300);
    assertThat(stopRequested).isTrue();
    assertThat(hook.isAlive()).as("the hook waits while the work ends its runs").isTrue();
    // The main thread is still alive here (as it is when it calls System.exit): the hook must not wait for it.
    workDone.countDown();
    hook.join(5_000);
    assertThat(hook.isAlive()).as("the hook returns once the work is done").isFalse();
  }
}
