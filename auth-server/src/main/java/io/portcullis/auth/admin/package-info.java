/**
 * The admin API as a whole: its security chain ({@code /admin/**} with this server's own {@code platform.admin}
 * tokens) and its OpenAPI description. The controllers stay in their features ({@code client}, {@code scope},
 * {@code key}, {@code revocation}, {@code audit}) next to the rules, stores and records they expose, because a
 * controller, its request records and its checks change together; moving them here would make this package reach
 * into every feature's internals. What the controllers share (problems, field errors, ETags, paging) is the kernel's
 * ({@code system}), so this package depends on the kernel and the own-token security only.
 */
package io.portcullis.auth.admin;
