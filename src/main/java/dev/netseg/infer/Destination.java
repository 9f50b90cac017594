package dev.netseg.infer;

import dev.netseg.model.Peer;
import dev.netseg.policy.Protocol;

/** Where a flow goes: a peer and its (target) port. */
record Destination(Peer peer, Protocol protocol, int port) {}
