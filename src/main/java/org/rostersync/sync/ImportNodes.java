package org.rostersync.sync;

/**
 * The server nodes that run imports: this one, and whether another is still alive. Every run records the node
 * that runs it, so start-up recovery fails only the runs of nodes that are gone. The scheduling module answers
 * from Quartz's cluster check-ins.
 */
public interface ImportNodes {

    /** This node's id, unique per process start. */
    String localNodeId();

    /** True when the node still checks in (always true for this node). */
    boolean isAlive(String nodeId);
}
