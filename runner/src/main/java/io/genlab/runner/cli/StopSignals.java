package io.genlab.runner.cli;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns SIGINT (Ctrl-C) and SIGTERM ({@code kill}, a scheduler's stop) into a stop request while some work
 * runs, so that the work ends its runs as KILLED and genlab exits with 130 for both signals: the JVM's own
 * handling would start shutting down at once and exit with 128 + the signal's number. After the first signal
 * the JVM's handling is back, so a second one shuts the JVM down (the shutdown hook of
 * {@link GenlabCli#whileStoppable} still waits for the work). Where a signal cannot be handled (the JVM runs
 * with {@code -Xrs}, the platform lacks it, {@code sun.misc.Signal} is gone) the shutdown hook alone stops the
 * work. {@code sun.misc.Signal} (module jdk.unsupported) is reached by reflection, so that the build stays free
 * of internal-API warnings. Thread-safe; {@link #close} restores the handlers found at installation.
 */
final class StopSignals implements AutoCloseable {
  private static final List<String> SIGNALS = List.of("INT", "TERM");
  private final List<Object> signals = new ArrayList<>();
  private final List<Object> previous = new ArrayList<>();
  private Method handle;

  private StopSignals() {}

  /**
   * Installs the handlers.
   *
   * @param onSignal runs (on the JVM's signal thread) at the first SIGINT or SIGTERM; must return quickly
   * @return the installation, to {@link #close} when the work is done; never {@code null}
   */
  static StopSignals install(Runnable onSignal) {
    StopSignals installed = new StopSignals();
    try {
      Class<?> signalClass = Class.forName("sun.misc.Signal");
      Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
      installed.handle = signalClass.getMethod("handle", signalClass, handlerClass);
      InvocationHandler calls = (proxy, method, args) -> switch (method.getName()) {
        case "handle" -> {
          installed.close(); // a second signal shuts the JVM down the usual way
          onSignal.run();
          yield null;
        }
        case "hashCode" -> System.identityHashCode(proxy);
        case "equals" -> proxy == args[0];
        default -> "genlab stop handler";
      };
      Object handler = Proxy.newProxyInstance(StopSignals.class.getClassLoader(), new Class<?>[] {handlerClass}, calls);
      for (String name : SIGNALS) {
        try {
          Object signal = signalClass.getConstructor(String.class).newInstance(name);
          Object old = installed.handle.invoke(null, signal, handler);
          synchronized (installed) {
            installed.signals.add(signal);
            installed.previous.add(old);
          }
        } catch (ReflectiveOperationException | IllegalArgumentException unavailable) {
          // -Xrs or no such signal here: the shutdown hook stops the work instead
        }
      }
    } catch (ReflectiveOperationException | RuntimeException unavailable) {
      // no sun.misc.Signal in this JVM: the shutdown hook stops the work instead
    }
    return installed;
  }

  /** Puts back the handlers found at installation; later calls do nothing. */
  @Override
  public synchronized void close() {
    for (int i = 0; i < signals.size(); i++) {
      try {
        handle.invoke(null, signals.get(i), previous.get(i));
      } catch (ReflectiveOperationException | IllegalArgumentException e) {
        // the handler found at installation cannot be put back: ours stays, and only requests a stop again
      }
    }
    signals.clear();
    previous.clear();
  }
}
