package io.genlab.engine.internal;

/**
 * Whether the JDK's Vector API ({@code jdk.incubator.vector}) is resolved in this JVM; the launcher,
 * the trial launcher and the tests add it with {@code --add-modules jdk.incubator.vector}. Without it
 * the rewrites that need it decline and libnd4j's ops run. This class references no Vector API type,
 * so asking never loads the module. Stateless.
 */
public final class VectorSupport {
  /** The module's name. */
  public static final String MODULE = "jdk.incubator.vector";

  private VectorSupport() {}

  /** Whether the module is part of the boot layer. */
  public static boolean available() {
    return ModuleLayer.boot().findModule(MODULE).isPresent();
  }
}
