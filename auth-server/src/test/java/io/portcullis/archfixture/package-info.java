/**
 * A deliberately broken package tree for {@code PackageRulesTests}: the kernel ({@code system}) reaches into a
 * feature ({@code client}), which uses the kernel (a cycle), and {@code client} uses {@code token}, which the rules
 * do not allow. The rules must report both, or they could not fail.
 */
package io.portcullis.archfixture;
