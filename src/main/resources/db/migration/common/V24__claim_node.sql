-- The node that took a feed's claim. A claim is normally held by a run that is QUEUED or RUNNING, and recovered with
-- it when its node dies; but an approval of held deactivations claims the feed for a run that is HELD, and a node
-- recovering a dead node's run releases the claim a moment after ending the run. A node that dies right there left
-- the feed claimed by a run that had ended, and nothing ever released it: recovery frees such a claim once the node
-- named here is gone.
ALTER TABLE feed_state ADD COLUMN claimed_by VARCHAR(200);
