package loader

// SimpleYAML is simpleYAML, for the tests of package loader_test (which
// may import bench/synth).
var SimpleYAML = simpleYAML

// YAMLSlip is yamlSlip, for the tests of package loader_test.
var YAMLSlip = yamlSlip

// WideIndent is wideIndent, for the tests of package loader_test.
var WideIndent = wideIndent
