package dev.netseg.policy;

/** A policy's rules, indexed; which pods it selects is kept per pod in the engine index. */
final class CompiledPolicy {
  final String id;
  final CompiledRule[] ingress;
  final CompiledRule[] egress;

  CompiledPolicy(String id, CompiledRule[] ingress, CompiledRule[] egress) {
    this.id = id;
    this.ingress = ingress;
    this.egress = egress;
  }
}
