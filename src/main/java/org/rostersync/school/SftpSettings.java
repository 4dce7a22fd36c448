package org.rostersync.school;

/**
 * Where an SFTP feed pulls its file from. Secrets come from placeholders or files, never logged.
 */
public record SftpSettings(String host, int port, String username, String password, String privateKey,
        String privateKeyPassphrase, String knownHosts, String hostKeyFingerprint, String path) {

    @Override
    public String toString() {
        return "SftpSettings[" + username + "@" + host + ":" + port + "/" + path + "]";
    }
}
