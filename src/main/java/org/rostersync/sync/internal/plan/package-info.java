/**
 * What a plan holds back or carries over: held moves and deactivations, unchanged files whose plan is reused. The
 * accounts a held change's approval changes, and the passwords it revokes, are written through the account module.
 */
package org.rostersync.sync.internal.plan;
