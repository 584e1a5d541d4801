package io.genlab.runner;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** A plugin jar built at test time: Java sources compiled with the system compiler, a services entry, a version. */
public final class TestPluginJar {
  private final Map<String, String> sources = new LinkedHashMap<>();
  private final List<String> services = new ArrayList<>();
  private final Set<Class<?>> compileAgainst = new LinkedHashSet<>(List.of(io.genlab.api.PluginModule.class,
      com.google.inject.AbstractModule.class, org.apiguardian.api.API.class));
  private final Map<String, String> resources = new LinkedHashMap<>();
  private final List<Path> compilePath = new ArrayList<>();
  private final Path work;
  private String version;

  private TestPluginJar(Path work) {
    this.work = work;
  }

  /** A jar whose sources and classes are kept under {@code work}. */
  public static TestPluginJar in(Path work) {
    return new TestPluginJar(work);
  }

  /** Compiles also against this jar or folder. */
  public TestPluginJar compilePath(Path entry) {
    compilePath.add(entry);
    return this;
  }

  /** Adds a resource file, e.g. {@code META-INF/maven/g/a/pom.properties}. */
  public TestPluginJar resource(String name, String text) {
    resources.put(name, text);
    return this;
  }

  /** Adds the source of class {@code className}. */
  public TestPluginJar source(String className, String source) {
    sources.put(className, source);
    return this;
  }

  /** Lists {@code className} in META-INF/services/io.genlab.api.PluginModule. */
  public TestPluginJar service(String className) {
    services.add(className);
    return this;
  }

  /** The manifest's Implementation-Version. */
  public TestPluginJar version(String implementationVersion) {
    this.version = implementationVersion;
    return this;
  }

  /** Compiles also against the jar or folder holding {@code type}. */
  public TestPluginJar against(Class<?> type) {
    compileAgainst.add(type);
    return this;
  }

  /** Writes the jar to {@code jar}. */
  public Path writeTo(Path jar) throws IOException {
    Path classes = Files.createTempDirectory(work, "classes");
    Path src = Files.createTempDirectory(work, "src");
    List<String> files = new ArrayList<>();
    for (var e : sources.entrySet()) {
      Path file = src.resolve(e.getKey().replace('.', '/') + ".java");
      Files.createDirectories(file.getParent());
      Files.writeString(file, e.getValue());
      files.add(file.toString());
    }
    if (!files.isEmpty()) {
      List<String> args = new ArrayList<>(List.of("-proc:none", "-d", classes.toString(), "-classpath", classPath()));
      args.addAll(files);
      JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
      ByteArrayOutputStream errors = new ByteArrayOutputStream();
      int code = javac.run(null, null, errors, args.toArray(String[]::new));
      if (code != 0) {
        throw new IllegalStateException("test plugin does not compile:\n" + errors.toString(StandardCharsets.UTF_8));
      }
    }
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    if (version != null) {
      manifest.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, version);
    }
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
        Stream<Path> walk = Files.walk(classes)) {
      for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
        out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace(File.separatorChar, '/')));
        out.write(Files.readAllBytes(file));
        out.closeEntry();
      }
      for (var e : resources.entrySet()) {
        out.putNextEntry(new JarEntry(e.getKey()));
        out.write(e.getValue().getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
      }
      if (!services.isEmpty()) {
        out.putNextEntry(new JarEntry("META-INF/services/io.genlab.api.PluginModule"));
        out.write((String.join("\n", services) + "\n").getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
      }
    }
    return jar;
  }

  private String classPath() {
    List<String> entries = new ArrayList<>();
    for (Class<?> type : compileAgainst) {
      try {
        entries.add(Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
      } catch (URISyntaxException e) {
        throw new IllegalStateException(e);
      }
    }
    compilePath.forEach(p -> entries.add(p.toString()));
    return String.join(File.pathSeparator, entries);
  }

  /** The source of a plugin {@code pkg.className} with id {@code id} binding model {@code modelName} (a config-less stub). */
  public static String pluginSource(String pkg, String className, String id, String modelName, String configureExtra) {
    return """
        package %s;

        public final class %s extends io.genlab.api.PluginModule {
          /** No fields. */
          public record NoConfig() {}

          @Override
          public String id() {
            return "%s";
          }

          @Override
          public String description() {
            return "a plugin built by a test";
          }

          @Override
          protected void configure() {
            super.configure();
            %s
            model("%s", "a stub model", new NoConfig(), c -> { throw new UnsupportedOperationException("stub"); });
          }
        }
        """.formatted(pkg, className, id, configureExtra, modelName);
  }
}
