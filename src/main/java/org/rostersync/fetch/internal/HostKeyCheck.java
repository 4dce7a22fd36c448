package org.rostersync.fetch.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.UserInfo;

/**
 * The host keys a connection trusts: the entries of a known_hosts file, or one pinned SHA-256 fingerprint. It
 * remembers the key the server presented and why it was refused, so the run's message can show the fingerprint
 * and how to trust it. It never adds a key: checking is always strict.
 */
public final class HostKeyCheck implements HostKeyRepository {

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
            result = fingerprint(key).equals(pinnedFingerprint) ? OK : CHANGED;
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
        return presentedKey == null ? null : fingerprint(presentedKey);
    }

    public String presentedKeyType() {
        return presentedKey == null ? null : keyType(presentedKey);
    }

    /** The presented key as a known_hosts line for the given host entry. */
    public String knownHostsLine(String hostEntry) {
        return hostEntry + " " + keyType(presentedKey) + " " + Base64.getEncoder().encodeToString(presentedKey);
    }

    /** OpenSSH's fingerprint format: {@code SHA256:} and the unpadded Base64 of the key blob's SHA-256. */
    public static String fingerprint(byte[] keyBlob) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(keyBlob);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The algorithm name that opens every SSH public key blob. */
    static String keyType(byte[] keyBlob) {
        ByteBuffer buffer = ByteBuffer.wrap(keyBlob);
        int length = buffer.getInt();
        return new String(keyBlob, 4, length, StandardCharsets.US_ASCII);
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
