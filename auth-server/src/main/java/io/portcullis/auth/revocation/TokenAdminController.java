package io.portcullis.auth.revocation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.portcullis.auth.audit.AuditLog;
import io.portcullis.auth.audit.AuditTarget;
import io.portcullis.auth.audit.AuditType;
import io.portcullis.auth.client.ClientRepository;
import io.portcullis.auth.system.ApiProblem;
import io.portcullis.auth.system.TokenProperties;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Revokes one access token by its {@code jti} (as found in logs or an introspection answer) without holding the
 * token. The security feed carries it to the gateway and the services; the row is kept as long as any token can live.
 */
@RestController
class TokenAdminController {

    /** Tokens are verified with this much leeway for clock skew; a revocation outlives them by as much. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

    private final RevocationStore revocations;

    private final ClientRepository clients;

    private final AuditLog audit;

    private final TokenProperties tokens;

    private final Clock clock;

    TokenAdminController(RevocationStore revocations, ClientRepository clients, AuditLog audit,
            TokenProperties tokens, Clock clock) {
        this.revocations = revocations;
        this.clients = clients;
        this.audit = audit;
        this.tokens = tokens;
        this.clock = clock;
    }

    /** 204 whether or not the token was already revoked: revoking is idempotent. */
    @PostMapping("/admin/v1/tokens/revoke")
    @Transactional
    public ResponseEntity<Void> revoke(@Valid @RequestBody Revocation request) {
        if (!this.clients.existsById(request.clientId())) {
            throw ApiProblem.invalid("clientId", "no client " + request.clientId());
        }
        // no token of any client outlives the longest lifetime, whenever it was issued
        Instant expiresAt = this.clock.instant().plus(this.tokens.maxTimeToLive()).plus(CLOCK_SKEW);
        if (this.revocations.revoke(request.jti(), request.clientId(), expiresAt)) {
            this.audit.record(AuditType.TOKEN_REVOKED, AuditTarget.token(request.jti(), request.clientId()), null,
                    Map.of("jti", request.jti(), "clientId", request.clientId(), "revokedUntil", expiresAt));
        }
        return ResponseEntity.noContent().build();
    }

    /**
     * @param jti the token's {@code jti}
     * @param clientId the client it was issued to
     */
    record Revocation(@NotBlank @Size(max = 100) String jti, @NotBlank @Size(max = 100) String clientId) {
    }

}
