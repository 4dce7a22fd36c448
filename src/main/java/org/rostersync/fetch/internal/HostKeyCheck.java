package org.rostersync.fetch.internal;

import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.UserInfo;

/**
 * The host keys a connection trusts: the entries of a known_hosts file, or one pinned SHA-256 fingerprint. It
 * remembers the key the server presented and why it was refused, so the run's message can show the fingerprint
 * and how to trust it. It never adds a key: checking is always strict.
 */
final class HostKeyCheck implements HostKeyRepository {

    /** Only reads JSch's global settings, whose FingerprintHash is SHA-256: OpenSSH's format. */
    private static final JSch FINGERPRINTS = new JSch();

    private final HostKeyRepository knownHosts;
    private final String pinnedFingerprint;
    private volatile byte[] presentedKey;
    private volatile int result = -1;

    private HostKeyCheck(HostKeyRepository knownHosts, String pinnedFingerprint) {
        this.knownHosts = knownHosts;
        this.pinnedFingerprint = pinnedFingerprint;
    }

    public static HostKeyCheck knownHosts(HostKeyRepository knownHosts) {
        return new HostKeyCheck(knownHosts, null);
    }

    public static HostKeyCheck pinned(String fingerprint) {
        return new HostKeyCheck(null, fingerprint.trim());
    }

    @Override
    public int check(String host, byte[] key) {
        presentedKey = key.clone();
        if (knownHosts != null) {
            result = knownHosts.check(host, key);
        } else {
            result = presented().getFingerPrint(FINGERPRINTS).equals(pinnedFingerprint) ? OK : CHANGED;
        }
        return result;
    }

    /** The key was refused: not in known_hosts, or different from the one known or pinned. */
    public boolean refused() {
        return presentedKey != null && result != OK;
    }

    /** True when a known or pinned key exists for the host and the server showed another one. */
    public boolean changed() {
        return result == CHANGED;
    }

    public String presentedFingerprint() {
        return presentedKey == null ? null : presented().getFingerPrint(FINGERPRINTS);
    }

    public String presentedKeyType() {
        return presentedKey == null ? null : presented().getType();
    }

    /** The presented key as a known_hosts line for the given host entry. */
    public String knownHostsLine(String hostEntry) {
        HostKey key = presented();
        return hostEntry + " " + key.getType() + " " + key.getKey();
    }

    /** JSch's view of the key blob, which knows its type and OpenSSH's {@code SHA256:} fingerprint. */
    private HostKey presented() {
        try {
            return new HostKey("", presentedKey);
        } catch (JSchException e) {
            throw new IllegalStateException("a host key JSch accepted could not be read again", e);
        }
    }

    @Override
    public void add(HostKey hostkey, UserInfo ui) {
        // strict checking: keys are trusted by editing known_hosts or the pinned fingerprint, never on the fly
    }

    @Override
    public void remove(String host, String type) {
    }

    @Override
    public void remove(String host, String type, byte[] key) {
    }

    @Override
    public String getKnownHostsRepositoryID() {
        return knownHosts == null ? "pinned host-key-fingerprint" : knownHosts.getKnownHostsRepositoryID();
    }

    @Override
    public HostKey[] getHostKey() {
        return knownHosts == null ? new HostKey[0] : knownHosts.getHostKey();
    }

    @Override
    public HostKey[] getHostKey(String host, String type) {
        return knownHosts == null ? new HostKey[0] : knownHosts.getHostKey(host, type);
    }
}
