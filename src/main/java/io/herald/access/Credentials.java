package io.herald.access;

import java.lang.System.Logger.Level;

/**
 * What an {@code Authorization: Bearer} credential may be: an application's API key
 * ({@code hk_…}, {@link ApiKeys}) or, when {@code herald.jwt.*} is set, a company token
 * ({@link TokenVerifier}). A refused token is logged with the reason and the address, never the token.
 */
public final class Credentials {

    private static final System.Logger LOG = System.getLogger("io.herald.access.tokens");

    private final ApiKeys keys;
    private final TokenVerifier tokens;

    /** {@code tokens} null: no company tokens, every Bearer credential is taken for an API key. */
    public Credentials(ApiKeys keys, TokenVerifier tokens) {
        this.keys = keys;
        this.tokens = tokens;
    }

    public ApiKeys keys() {
        return keys;
    }

    /** True when {@code credential} is to be checked as a company token rather than as an API key. */
    public boolean isToken(String credential) {
        return tokens != null && !credential.startsWith("hk_");
    }

    /** The token's user, roles and expiry; refused (with a log line saying why) when it does not pass. */
    public TokenVerifier.Verified token(String credential, String remoteAddress) throws TokenVerifier.Refused {
        try {
            return tokens.verify(credential);
        } catch (TokenVerifier.Refused e) {
            LOG.log(Level.INFO, "token refused from " + remoteAddress + ": " + e.getMessage());
            throw e;
        }
    }
}
