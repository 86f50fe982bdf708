export default {
  displayName: 'transport',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
};
