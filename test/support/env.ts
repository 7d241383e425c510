// Loaded first by every mocha run: silences the SDK's Node.js version notice so test output stays readable.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
