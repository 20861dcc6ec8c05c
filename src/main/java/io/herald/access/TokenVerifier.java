package io.herald.access;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Company tokens: checks an {@code Authorization: Bearer} JWT (OpenID Connect access or ID token)
 * with Nimbus JOSE+JWT: its signature against the keys of a JWKS URL (fetched, cached for five
 * minutes, fetched again for an unknown key id, at most once every ten seconds, and kept through
 * an outage of the identity provider) or of a local key file; {@code exp} and {@code nbf} (a
 * minute's clock skew), {@code iss} and {@code aud}. Unsigned tokens ({@code alg: none}) and
 * symmetric algorithms are refused. The user is one claim; the roles are a claim at a dotted path
 * (Keycloak {@code realm_access.roles}, Entra ID {@code roles}, ADFS {@code role}), each taken as
 * it is and also under the name {@code roleMap} gives it.
 */
public final class TokenVerifier {

    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256, JWSAlgorithm.ES384,
            JWSAlgorithm.ES512, JWSAlgorithm.EdDSA);
    private static final int HTTP_TIMEOUT_MILLIS = 2000;
    private static final int JWKS_MAX_BYTES = 512 * 1024;
    private static final long CACHE_MILLIS = 5 * 60 * 1000;
    private static final long REFETCH_MIN_MILLIS = 10_000;

    /**
     * Where the keys are ({@code jwksUrl}, or else {@code keyFile}: a JWK set in JSON), which
     * issuer and audience a token must name, and where its user and roles are.
     */
    public record Config(String jwksUrl, Path keyFile, String issuer, String audience, String userClaim, String rolesClaim,
            Map<String, String> roleMap) {

        public Config {
            roleMap = Map.copyOf(roleMap);
        }
    }

    /** A token that passed: whose, with which roles, valid until when. */
    public record Verified(String user, Set<String> roles, Instant expires) {
    }

    /** A token that did not pass, and why (for the log and the {@code 401}; never the token itself). */
    public static final class Refused extends Exception {

        private static final long serialVersionUID = 1L;

        Refused(String why) {
            super(why);
        }
    }

    private final Config config;
    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    /** Throws {@link IllegalArgumentException} naming what is wrong with the URL or the key file. */
    public TokenVerifier(Config config) {
        this.config = config;
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), null));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys(config)));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(Set.of(config.audience()),
                new JWTClaimsSet.Builder().issuer(config.issuer()).build(), Set.of("exp", config.userClaim()), Set.of()));
    }

    private static JWKSource<SecurityContext> keys(Config config) {
        if (config.jwksUrl() != null) {
            try {
                return JWKSourceBuilder.<SecurityContext>create(URI.create(config.jwksUrl()).toURL(),
                                new DefaultResourceRetriever(HTTP_TIMEOUT_MILLIS, HTTP_TIMEOUT_MILLIS, JWKS_MAX_BYTES))
                        .cache(CACHE_MILLIS, HTTP_TIMEOUT_MILLIS)
                        .refreshAheadCache(false)
                        .rateLimited(REFETCH_MIN_MILLIS)
                        .retrying(true)
                        .outageTolerant(true)
                        .build();
            } catch (MalformedURLException | IllegalArgumentException e) {
                throw new IllegalArgumentException("not a URL: " + config.jwksUrl(), e);
            }
        }
        try {
            return new ImmutableJWKSet<>(JWKSet.load(config.keyFile().toFile()));
        } catch (IOException | ParseException e) {
            throw new IllegalArgumentException("cannot read a JWK set (JSON) from " + config.keyFile() + ": " + e.getMessage(), e);
        }
    }

    /** The token's user, roles and expiry, or why it is refused. */
    public Verified verify(String token) throws Refused {
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (ParseException e) {
            throw new Refused("not a JWT (" + e.getMessage() + ")");
        } catch (BadJOSEException | JOSEException e) {
            throw new Refused(e.getMessage());
        }
        Object user = claims.getClaim(config.userClaim());
        if (!(user instanceof String name) || name.isBlank()) {
            throw new Refused("claim " + config.userClaim() + " is not a user name");
        }
        return new Verified(name, roles(claims.getClaims()), claims.getExpirationTime().toInstant());
    }

    /** The roles at the dotted path: a list of names or one name; none when the path is absent. */
    private Set<String> roles(Map<String, Object> claims) {
        Object at = claims;
        for (String step : config.rolesClaim().split("\\.")) {
            at = at instanceof Map<?, ?> map ? map.get(step) : null;
        }
        Set<String> roles = new LinkedHashSet<>();
        if (at instanceof String one) {
            addRole(roles, one);
        } else if (at instanceof Collection<?> many) {
            for (Object role : many) {
                if (role instanceof String name) {
                    addRole(roles, name);
                }
            }
        }
        return roles;
    }

    private void addRole(Set<String> roles, String name) {
        roles.add(name);
        String mapped = config.roleMap().get(name);
        if (mapped != null) {
            roles.add(mapped);
        }
    }
}
