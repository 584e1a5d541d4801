package io.genlab.runner.cli;

import io.genlab.api.DisplayText;
import io.genlab.engine.plugins.PluginRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What a command needs for its plugins: the plugin folders the {@code genlab} root was given (the environment's, or
 * an embedding caller's), mixed into each command that resolves specs or runs.
 */
@Command // a mixin adds no options: picocli needs the annotation to take the class at all
final class PluginFolders {
  /** The command this is mixed into, as parsed. */
  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  /** The built-in plugins and those of the root's plugin folders, broken ones listed by {@link PluginRegistry#broken}. */
  PluginRegistry discover() {
    return PluginRegistry.discover(((GenlabCli) command.root().userObject()).pluginLocations());
  }

  /** As {@link #discover}, naming each plugin that could not be loaded once on standard error. */
  PluginRegistry registry() {
    PluginRegistry registry = discover();
    for (PluginRegistry.Broken broken : registry.broken()) {
      System.err.println("warning: " + DisplayText.line(broken.describe()) + "; its components are not available");
    }
    return registry;
  }
}
