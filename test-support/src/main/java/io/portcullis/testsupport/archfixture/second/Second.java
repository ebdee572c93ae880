package io.portcullis.testsupport.archfixture.second;

import io.portcullis.testsupport.archfixture.first.First;

/** The other half of the package cycle that {@code PackageCycles} must report. */
public class Second {

    First first;

}
