package dev.netseg.map;

/**
 * A flow the safety gate holds a change for (a profile's {@code status.blockedFlows}): in use, and
 * the proposal would block it.
 *
 * @param source as {@code RequiredFlow} writes it ({@code ns/name[Kind]} or a CIDR)
 * @param hold what holds the change, as the port's explanation names it (e.g. the profile and its
 *     condition)
 */
public record HeldFlow(String source, String destination, String protocol, int port, String hold) {}
