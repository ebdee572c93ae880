package io.portcullis.resourceserver.sample;

import java.net.URI;
import java.util.Map;

import io.portcullis.resourceserver.RequiredScope;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A business service as a team would write it on the starter: handlers, scopes, properties; no security code. */
@SpringBootApplication
public class SampleResourceServer {

    @RestController
    static class OrdersController {

        @GetMapping("/orders/{id}")
        @RequiredScope("orders.read")
        Map<String, String> get(@PathVariable String id) {
            return Map.of("id", id);
        }

        @GetMapping("/orders")
        @RequiredScope("orders.read")
        Map<String, Integer> list(@RequestParam(defaultValue = "0") int page) {
            return Map.of("page", page);
        }

        @PostMapping("/orders")
        @RequiredScope("orders.write")
        ResponseEntity<Map<String, Object>> create(@RequestBody Map<String, Object> order) {
            return ResponseEntity.created(URI.create("/orders/1")).body(order);
        }

        @GetMapping("/internal/ping")
        @RequiredScope("orders.read")
        String ping() {
            return "pong";
        }

        /** Its scope comes from portcullis.resource-server.scopes. */
        @GetMapping("/reports")
        String reports() {
            return "reports";
        }

        /** Declares no scope: refused to every token. */
        @GetMapping("/undeclared")
        String undeclared() {
            return "should never be served";
        }

    }

    /** One scope for every handler of the controller. */
    @RestController
    @RequiredScope("audit.read")
    static class AuditController {

        @GetMapping("/audit")
        String audit() {
            return "audit";
        }

    }

}
