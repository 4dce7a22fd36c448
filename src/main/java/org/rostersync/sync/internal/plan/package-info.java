/**
 * What a plan holds back or carries over: held moves and deactivations, unused passwords revoked, unchanged files whose plan is reused.
 */
package org.rostersync.sync.internal.plan;
