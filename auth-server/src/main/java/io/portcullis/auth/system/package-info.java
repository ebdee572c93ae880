/**
 * The auth-server's shared kernel, the one package every other may use and which uses none of them: the settings
 * of the issuer and token lifetimes ({@link io.portcullis.auth.system.TokenProperties}), the clock, the problem
 * model of every MVC endpoint ({@link io.portcullis.auth.system.ApiProblem}, field errors, ETags, paging), the order
 * of the security filter chains ({@link io.portcullis.auth.system.FilterChainOrder}), and change notification: a
 * change to cached data is the application event {@link io.portcullis.auth.system.StoredDataChanged}, published by
 * the change on this instance and by {@link io.portcullis.auth.system.DatabaseChangeListener} for every instance,
 * and each cache listens for it. The package rules are held by {@code PackageRulesTests}.
 */
package io.portcullis.auth.system;
