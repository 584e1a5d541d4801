package io.genlab.unknown.archfixture;

/** Breaks the module-table rule for {@code ArchitectureRulesTests}: a package no module owns. */
public final class ClassOfNoModule {}
