package dev.netseg.flows;

/**
 * Malformed input (or, for {@link #FUTURE_TIME}, impossible input): the line or record is dropped
 * whole, nothing of it is used.
 */
public enum RejectReason implements FlowReason {
  BAD_JSON("not valid JSON"),
  TRUNCATED("truncated JSON"),
  NOT_UTF8("not UTF-8"),
  WRONG_TYPE("field of the wrong JSON type"),
  MISSING_FIELD("required field missing"),
  BAD_TIME("time that is not RFC 3339"),
  PORT_OUT_OF_RANGE("port outside 1-65535"),
  BAD_ADDRESS("not a single IPv4 or IPv6 address"),
  BAD_VALUE("value outside the documented set"),
  LINE_TOO_LONG("line longer than the limit"),
  UNKNOWN_FORMAT("neither Hubble JSON nor netseg flow JSON"),
  /** Set by the receiver, not the parsers: see {@link FutureTimeLimit}. */
  FUTURE_TIME("time ahead of the receiver's clock by more than the allowed skew");

  private final String description;

  RejectReason(String description) {
    this.description = description;
  }

  @Override
  public String description() {
    return description;
  }
}
