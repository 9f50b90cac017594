package dev.netseg.operator.decide;

/**
 * A condition of a profile's status as a decision wants it: type, True/False, a CamelCase reason, a
 * human message. {@code status.Conditions} merges it with the conditions already recorded.
 */
public record DesiredCondition(String type, boolean status, String reason, String message) {
  public static final String READY = "Ready";
  public static final String LEARNING = "Learning";
  public static final String SAFE_TO_ENFORCE = "SafeToEnforce";
  public static final String DEGRADED = "Degraded";

  /** The reason of {@link #READY} while a change is held by the safety gate. */
  public static final String CHANGE_HELD = "ChangeHeld";
}
