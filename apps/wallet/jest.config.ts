export default {
  displayName: 'wallet',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
};
