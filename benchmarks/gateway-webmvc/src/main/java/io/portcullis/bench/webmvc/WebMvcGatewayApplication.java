package io.portcullis.bench.webmvc;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Spring Cloud Gateway Server WebMVC on virtual threads, doing the per-request work of our gateway's
 * {@code /api/users/**} route: TLS in, the access token validated as our gateway validates it (with the same
 * validated-token cache), scope {@code users.read} for reads and {@code users.write} for the rest, inbound
 * header hygiene and a request id, and the relay to the user-service over mutual TLS. Left out: rate limiting (Redis),
 * the access log, the deny list of the security feed, instance failover and CORS. A benchmark prototype only
 * (benchmarks/gateway-webmvc/README.md).
 */
@SpringBootApplication
public class WebMvcGatewayApplication {

    public static void main(String[] args) {
        SpringApplication.run(WebMvcGatewayApplication.class, args);
    }

}
