package org.rostersync.school;

/**
 * Where an SFTP feed pulls its file from. Secrets come from placeholders or files, never logged.
 *
 * @param password           the login password, usually a {@code ${ENV_VAR:}} placeholder; may be {@code null}
 * @param passwordFile       a file whose first line is the password (e.g. a mounted secret); may be {@code null}
 * @param privateKey         a private key file path (OpenSSH or PEM); may be {@code null}
 * @param knownHosts         a known_hosts file that must hold the server's key; {@code null} when pinned
 * @param hostKeyFingerprint the server key's pinned {@code SHA256:...} fingerprint; {@code null} when known-hosts
 */
public record SftpSettings(String host, int port, String username, String password, String passwordFile,
        String privateKey, String privateKeyPassphrase, String knownHosts, String hostKeyFingerprint, String path) {

    @Override
    public String toString() {
        return "SftpSettings[" + username + "@" + host + ":" + port + "/" + path + "]";
    }
}
