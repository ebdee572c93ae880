package io.portcullis.testsupport.archfixture.first;

import io.portcullis.testsupport.archfixture.second.Second;

/** Half of a package cycle that {@code PackageCycles} must report. */
public class First {

    Second second;

}
