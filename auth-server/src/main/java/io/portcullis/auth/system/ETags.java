package io.portcullis.auth.system;

import java.util.function.ToLongFunction;

import org.springframework.http.ResponseEntity;

/**
 * Strong ETags from the row version every mutable resource carries, and the {@code If-Match} check (RFC 9110
 * 13.1.1): absent or {@code *} passes; otherwise one of the listed tags must equal the current one. Weak tags never
 * match.
 */
public final class ETags {

    private ETags() {
    }

    public static String of(long version) {
        return "\"" + version + "\"";
    }

    /** 200 with {@code body} and its ETag. */
    public static <T> ResponseEntity<T> ok(T body, ToLongFunction<T> version) {
        return ResponseEntity.ok().eTag(of(version.applyAsLong(body))).body(body);
    }

    /** Throws 412 unless {@code ifMatch} is absent, {@code *}, or lists the current version's tag. */
    public static void check(String ifMatch, long currentVersion) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
            return;
        }
        String current = of(currentVersion);
        for (String candidate : ifMatch.split(",")) {
            if (candidate.trim().equals(current)) {
                return;
            }
        }
        throw ApiProblem.preconditionFailed();
    }

}
