package dev.netseg.segment;

/** What the rules say about one flow. */
public enum Verdict {
  /** An {@code allow} rule matches (and no {@code deny}). */
  ALLOWED,
  /** A {@code deny} rule matches: a guardrail, it wins over every kind of evidence. */
  DENIED,
  /** No rule matches. */
  NOT_COVERED
}
