package dev.netseg.cli;

/**
 * How {@code netseg connectivity} prints its lines: text and json as the other commands, and csv, a
 * Markdown table ({@code md}) or a Graphviz graph ({@code dot}), which only connectivity has.
 * {@code yaml} is here only to be refused with a message that names the formats there are.
 */
enum ConnectivityFormat {
  TEXT,
  JSON,
  CSV,
  MD,
  DOT,
  HTML,
  YAML
}
